import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createLogger, PinoNestLogger, REQUEST_ID_HEADER, RequestContext, strictValidationPipe } from '@jlis/runtime';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import pinoHttp from 'pino-http';
import { ProblemFilter } from './errors/problem.filter';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

/** Builds the gateway app (used by main.ts and by tests) without listening. */
export async function createGateway(config: GatewayConfig): Promise<INestApplication> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  // Correlation: reuse the caller's x-request-id or make one; it rides every log line, NATS header and event.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header(REQUEST_ID_HEADER);
    const requestId = incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    RequestContext.run({ requestId }, next);
  });
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req.headers[REQUEST_ID_HEADER] as string) ?? RequestContext.requestId(),
      quietReqLogger: true,
    }),
  );
  app.useBodyParser('json', { limit: config.JSON_BODY_LIMIT_BYTES, type: ['application/json', 'application/*+json'] });
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/ready'] });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter(logger));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('J-LIS 署名検証者等失効情報提供手続 API')
      .setDescription(
        'The portal contract: cases (A-1 … A-13), documents, test IC cards, access. Errors are application/problem+json.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
