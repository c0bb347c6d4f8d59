import { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DECORATORS, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { apiGatewayApp } from '../../src/api-gateway.app';
import { isSignedWebhook } from '../../src/authentication/access-policy';
import { openApiConfig, usePublicPrefix } from '../../src/public-http/configure-public-http';
import { AnyClass } from './property-rules';

export interface DocumentedResponse {
  status: string;
  type?: unknown;
}

/** One operation of the OpenAPI document, with the classes its handler takes and documents. */
export interface PublicRoute {
  /** `POST /v1/verifications` */
  name: string;
  body?: AnyClass;
  query?: AnyClass;
  responses: DocumentedResponse[];
  /** A provider's webhook: it answers in the provider's format (TwiML, plain text), which no contract class describes. */
  signedWebhook: boolean;
}

type ModuleEntry = Type<unknown> | DynamicModule;

/** The controllers of these modules and of everything they import, as Nest's scanner finds them. */
function controllersOf(modules: readonly ModuleEntry[], seen = new Set<unknown>()): Type<unknown>[] {
  return modules.flatMap((entry) => {
    const module = 'module' in entry ? entry.module : entry;
    if (seen.has(module)) return [];
    seen.add(module);
    const dynamic: Partial<DynamicModule> = 'module' in entry ? entry : {};
    const controllers = [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) ?? []) as Type<unknown>[]), ...(dynamic.controllers ?? [])];
    const imports = [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) ?? []) as ModuleEntry[]), ...((dynamic.imports ?? []) as ModuleEntry[])];
    return [...controllers, ...controllersOf(imports.filter(Boolean), seen)];
  });
}

function parameterClass(controller: Type<unknown>, handler: string, kind: RouteParamtypes): AnyClass | undefined {
  const argumentsOf = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { index: number; data?: unknown }>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, handler) ?? []) as AnyClass[];
  const entry = Object.entries(argumentsOf).find(([key, argument]) => key.split(':')[0] === String(kind) && argument.data === undefined);
  return entry ? types[entry[1].index] : undefined;
}

/**
 * Every operation of the gateway's OpenAPI document, built as the running gateway builds it (every
 * feature module's controllers, services behind them stubbed), mapped back to its handler through
 * the operation id (`<Controller>_<method>`).
 */
export async function publicRoutes(): Promise<PublicRoute[]> {
  const controllers = controllersOf(apiGatewayApp.features);
  const testing = await Test.createTestingModule({ controllers }).useMocker(() => ({})).compile();
  const app = testing.createNestApplication(new FastifyAdapter());
  usePublicPrefix(app);
  const document = SwaggerModule.createDocument(app, openApiConfig());
  await app.close();

  const byName = new Map(controllers.map((controller) => [controller.name, controller]));
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations as Record<string, { operationId?: string }>)
      .filter(([, operation]) => typeof operation?.operationId === 'string')
      .map(([method, operation]): PublicRoute => {
        const [controllerName, handler] = (operation.operationId as string).split('_');
        const controller = byName.get(controllerName);
        if (!controller) throw new Error(`${operation.operationId}: no such controller`);
        const handlerFunction = (controller.prototype as Record<string, object>)[handler];
        const documented = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handlerFunction) ?? {}) as Record<string, { type?: unknown }>;
        return {
          name: `${method.toUpperCase()} ${path}`,
          body: parameterClass(controller, handler, RouteParamtypes.BODY),
          query: parameterClass(controller, handler, RouteParamtypes.QUERY),
          responses: Object.entries(documented).map(([status, response]) => ({ status, type: response.type })),
          signedWebhook: isSignedWebhook(controller, handlerFunction as Type<unknown>),
        };
      }),
  );
}
