/** The service's validated settings object (also injectable by its own class). */
export const SERVICE_SETTINGS = Symbol('zagel.serviceSettings');
