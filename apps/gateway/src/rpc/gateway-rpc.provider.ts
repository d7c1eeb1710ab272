import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RpcClient } from '@jlis/runtime';

/** Connects the shared RpcClient when the gateway starts and closes it when it stops. */
@Injectable()
export class RpcLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}
  async onModuleInit(): Promise<void> {
    await this.rpc.connect();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.rpc.close();
  }
}
