export * from './options';
export * from './results';
export * from './stats';
export * from './table';
export * from './timing';
