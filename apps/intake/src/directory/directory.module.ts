import { Module } from '@nestjs/common';
import { DirectoryHandler } from './directory.handler';
import { DirectoryService } from './directory.service';

@Module({ controllers: [DirectoryHandler], providers: [DirectoryService], exports: [DirectoryService] })
export class DirectoryModule {}
