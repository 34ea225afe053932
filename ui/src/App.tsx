import { PlatformStatus } from './platform/PlatformStatus';

/** The application shell. Each workflow area (requisitions, stock, fulfillment, ...) mounts here. */
export function App() {
  return (
    <div className="shell">
      <header className="shell__header">
        <span className="shell__brand">Lastmile</span>
        <span className="shell__tagline">Logistics management for public-health supply chains</span>
      </header>
      <main className="shell__main">
        <PlatformStatus />
      </main>
    </div>
  );
}
