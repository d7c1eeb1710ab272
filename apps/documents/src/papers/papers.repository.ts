import { ContractorNdaView, PageQuery, pageWindow, SpecDeliveryView } from '@jlis/contracts';
import { fileView, StoredFileRow } from '../files/files.service';

/** Contractor NDAs and spec deliveries as stored, and as their parties read them. */
export interface NdaRow extends StoredFileRow {
  nda_id: string;
  organization_code: string;
  contractor_id: string;
  signed_on: string;
  application_id: string;
  recorded_by: string;
  recorded_at: Date;
}
export const NDA_SELECT = `SELECT n.id AS nda_id, n.organization_code, n.contractor_id, to_char(n.signed_on, 'YYYY-MM-DD') AS signed_on, n.application_id,
  n.recorded_by, n.recorded_at, f.id, f.object_name, f.sha256, f.size, f.media_type, f.filename
  FROM contractor_nda n JOIN stored_file f ON f.id = n.file_id`;

export interface DeliveryRow {
  id: string;
  application_id: string;
  items: string[];
  medium: 'cd-rom' | 'email';
  carrier: string | null;
  tracking_number: string | null;
  shipped_on: string;
  recorded_by: string;
  recorded_at: Date;
  delivered_on: string | null;
}
export const DELIVERY_SELECT = `SELECT d.id, d.application_id, d.items, d.medium, d.carrier, d.tracking_number, to_char(d.shipped_on, 'YYYY-MM-DD') AS shipped_on,
  d.recorded_by, d.recorded_at, to_char(r.delivered_on, 'YYYY-MM-DD') AS delivered_on
  FROM spec_delivery d LEFT JOIN spec_receipt r ON r.delivery_id = d.id`;

export const ndaView = (r: NdaRow): ContractorNdaView => ({
  id: r.nda_id,
  organizationCode: r.organization_code,
  contractorId: r.contractor_id,
  signedOn: r.signed_on,
  file: fileView(r),
  recordedBy: r.recorded_by,
  recordedAt: new Date(r.recorded_at).toISOString(),
  applicationId: r.application_id,
});
export const deliveryView = (r: DeliveryRow): SpecDeliveryView => ({
  id: r.id,
  applicationId: r.application_id,
  items: r.items,
  medium: r.medium,
  carrier: r.carrier,
  trackingNumber: r.tracking_number,
  shippedOn: r.shipped_on,
  recordedBy: r.recorded_by,
  recordedAt: new Date(r.recorded_at).toISOString(),
  deliveredOn: r.delivered_on,
});

/** Per-case lists are short: page them in memory. */
export function paged<T>(all: T[], query: PageQuery): { items: T[]; total: number; page: number; limit: number } {
  const { skip, take, page, limit } = pageWindow(query);
  return { items: all.slice(skip, skip + take), total: all.length, page, limit };
}
