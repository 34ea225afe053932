import { useEffect, useState } from 'react';
import { fetchReadiness, type Readiness } from './readiness';

/** Shows whether the platform's parts (database, migrations) are up, refreshed every 30 s. */
export function PlatformStatus() {
  const [readiness, setReadiness] = useState<Readiness>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      fetchReadiness(controller.signal)
        .then((result) => {
          setReadiness(result);
          setError(undefined);
        })
        .catch((reason: unknown) => {
          if (!controller.signal.aborted) setError(`The server cannot be reached (${String(reason)})`);
        });
    void load();
    const timer = window.setInterval(load, 30_000);
    return () => {
      controller.abort();
      window.clearInterval(timer);
    };
  }, []);

  return (
    <section className="card" aria-labelledby="platform-status">
      <h1 id="platform-status">Platform status</h1>
      {error && <p role="alert">{error}</p>}
      {!readiness && !error && <p>Checking…</p>}
      {readiness && (
        <>
          <p data-testid="readiness">{readiness.status === 'ready' ? 'All systems ready' : 'Not ready'}</p>
          <ul className="checks">
            {Object.entries(readiness.checks).map(([name, check]) => (
              <li key={name} className={`check check--${check.status}`}>
                <span>{name}</span>
                <span>{check.status}{check.detail ? ` (${check.detail})` : ''}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
