import { Inject, Injectable, type INestApplication, type Type } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { TASKER_HTTP_MODULE_CLASS } from './tasker-http-module.token';

const DESCRIPTION =
  "Tasker's REST API: create, list, inspect and operate tasks (DAGs of steps), the registered task handlers, " +
  'health and analytics. Errors answer `{ error: { code, message, details? } }`.';

/**
 * The OpenAPI document of Tasker's routes, and only of them (`include`), built on first request
 * and kept for the life of the module. `SwaggerModule.createDocument` asks for the application;
 * a module cannot inject it, so it gets the three things the scanner reads from it: the modules
 * (Nest's public `ModulesContainer`), the HTTP adapter (`HttpAdapterHost`) and the global prefix,
 * which is read off the request (the part of its path before Tasker's own).
 */
@Injectable()
export class TaskerOpenApi {
  private readonly documents = new Map<string, OpenAPIObject>();

  constructor(
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(TASKER_HTTP_MODULE_CLASS) private readonly httpModule: Type<unknown>,
  ) {}

  document(globalPrefix: string): OpenAPIObject {
    let document = this.documents.get(globalPrefix);
    if (document === undefined) {
      document = this.build(globalPrefix);
      this.documents.set(globalPrefix, document);
    }
    return document;
  }

  private build(globalPrefix: string): OpenAPIObject {
    const config = new ApplicationConfig();
    if (globalPrefix !== '') config.setGlobalPrefix(globalPrefix);
    // NOTE: the shape SwaggerScanner reads from an INestApplication (container.getModules(),
    // config, getHttpAdapter()); the docs e2e test fails if a release of @nestjs/swagger reads more.
    const application = {
      container: { getModules: () => this.modules, isGlobalModule: () => false },
      config,
      getHttpAdapter: () => this.adapterHost.httpAdapter,
    };
    const info = new DocumentBuilder().setTitle('Tasker').setDescription(DESCRIPTION).setVersion('1').build();
    return SwaggerModule.createDocument(application as unknown as INestApplication, info, {
      include: [this.httpModule],
      operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    });
  }
}
