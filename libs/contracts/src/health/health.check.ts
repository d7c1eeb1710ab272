/** Every service answers `health.<service>`; the gateway's /health/ready asks them all. */
export const SERVICES = ['intake', 'documents', 'cards', 'access', 'notifications'] as const;
export type ServiceName = (typeof SERVICES)[number];

export namespace HealthCheck {
  export const subject = (service: ServiceName): string => `health.${service}`;
  export interface Response {
    service: ServiceName;
    ok: boolean;
    database: boolean;
    instance: string;
    pid: number;
  }
}
