// jest loads global setup outside its module system, so this plain ESM file loads the TypeScript
// helper through tsx. Test workers start after it and inherit the environment it sets.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { startTestCluster } = await tsImport('./helpers/test-cluster.ts', import.meta.url);
  const cluster = await startTestCluster();
  globalThis.__lastmileTestCluster = cluster;
  process.env.LASTMILE_TEST_ADMIN_URL = cluster.adminUrl;
  process.env.LASTMILE_TEST_TEMPLATE_DB = cluster.templateDatabase;
}
