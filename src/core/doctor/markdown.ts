/** The report as text is pure, so it lives in shared (the renderer copies it); re-exported here. */
export * from '../../shared/domain/probe-report-markdown';
