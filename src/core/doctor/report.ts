/** The probe report's schema and types live in shared (the IPC contract names them); re-exported here. */
export * from '../../shared/domain/probe-report';
