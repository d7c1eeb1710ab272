import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Matches, MaxLength, Min } from 'class-validator';

/** The media types a file may have, decided from its bytes by the gateway (never from the name or header). */
export const FILE_MEDIA_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type FileKind = keyof typeof FILE_MEDIA_TYPES;
export const FILE_KINDS = Object.keys(FILE_MEDIA_TYPES) as FileKind[];

/** The JetStream Object Store bucket holding every uploaded file (submissions, templates, NDAs, the agreement, Q&A sheets). */
export const DOCUMENTS_BUCKET = 'documents';

/**
 * A file already streamed by the gateway into the Object Store. Bytes never travel over request/reply;
 * the documents service records this reference (and only a referenced object is ever served).
 */
export class FileRef {
  @ApiProperty() @IsString() @Matches(/^[0-9a-f-]{36}$/) objectName: string;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) @Matches(/^[0-9a-f]{64}$/) sha256: string;
  @ApiProperty() @IsInt() @Min(1) size: number;
  @ApiProperty({ enum: Object.values(FILE_MEDIA_TYPES) }) @IsIn(Object.values(FILE_MEDIA_TYPES)) mediaType: string;
  @ApiProperty() @IsString() @MaxLength(255) filename: string;
}

/** What the gateway needs to stream a stored file back (the owning query did the object-level check). */
export interface FileMeta {
  objectName: string;
  sha256: string;
  size: number;
  mediaType: string;
  filename: string;
}

/** A file as shown in answers (no object name: downloads go through the owning route). */
export interface FileView {
  filename: string;
  size: number;
  mediaType: string;
  sha256: string;
}
