export * from './common.ts';
export * from './deployment.ts';
export * from './issue.ts';
export * from './pull.ts';
export * from './release.ts';
export * from './repository.ts';
