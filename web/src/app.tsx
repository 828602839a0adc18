import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, errorMessage, setCsrfToken, setUnauthorizedHandler } from './api/client.js';
import type { Session } from './api/types.js';
import { CategoriesPage } from './categories/categories-page.js';
import { LoginPage } from './components/login-page.js';
import { NotFoundPage } from './components/not-found-page.js';
import { TopBar } from './components/top-bar.js';
import { DisputesPage } from './disputes/disputes-page.js';
import { DriftPage } from './drift/drift-page.js';
import { EscalationsPage } from './escalations/escalations-page.js';
import { ConnectionsPage } from './integrations/connections-page.js';
import { navigate, useLocation } from './lib/router.js';
import { SessionContext } from './lib/session-context.js';
import { ModelsPage } from './models/models-page.js';
import { PolicyPage } from './policy/policy-page.js';
import { AgreementPage } from './review/agreement-page.js';
import { RolloutPage } from './rollout/rollout-page.js';
import { ReviewPage } from './review/review-page.js';
import { TicketPage } from './tickets/ticket-page.js';
import { TicketsListPage } from './tickets/tickets-list-page.js';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'error'; message: string }
  | Session;

async function fetchSession(): Promise<Session | null> {
  try {
    return await api.get<Session>('/api/v1/auth/session');
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return null;
    throw err;
  }
}

export function App() {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { pathname } = useLocation();

  const restore = useCallback(async () => {
    try {
      const session = await fetchSession();
      setCsrfToken(session?.csrfToken ?? null);
      setState(session ?? { status: 'anonymous' });
    } catch (err) {
      setState({ status: 'error', message: errorMessage(err) });
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    });
    void restore();
    return () => setUnauthorizedHandler(null);
  }, [restore]);

  useEffect(() => {
    if ('user' in state && (pathname === '/' || pathname === '/login'))
      navigate('/review', { replace: true });
  }, [state, pathname]);

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/api/v1/auth/logout');
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
      navigate('/login');
    }
  }, []);

  if (!('user' in state)) {
    if (state.status === 'loading') return <div className="boot">Loading…</div>;
    if (state.status === 'error') {
      return (
        <div className="boot">
          <p role="alert">Triage could not start: {state.message}</p>
          <button type="button" className="btn" onClick={() => void restore()}>
            Try again
          </button>
        </div>
      );
    }
    return <LoginPage onLoggedIn={restore} />;
  }

  return (
    <SessionContext.Provider value={state}>
      <div className="shell">
        <TopBar session={state} pathname={pathname} onLogout={logout} />
        <main className="shell-main">{route(pathname)}</main>
      </div>
    </SessionContext.Provider>
  );
}

function route(pathname: string) {
  if (pathname === '/' || pathname === '/login' || pathname === '/review') return <ReviewPage />;
  if (pathname === '/review/agreement') return <AgreementPage />;
  if (pathname === '/policy') return <PolicyPage />;
  if (pathname === '/escalations') return <EscalationsPage />;
  if (pathname === '/models') return <ModelsPage />;
  if (pathname === '/drift') return <DriftPage />;
  if (pathname === '/rollout') return <RolloutPage />;
  if (pathname === '/categories') return <CategoriesPage />;
  if (pathname === '/connections') return <ConnectionsPage />;
  if (pathname === '/tickets' || pathname === '/tickets/') return <TicketsListPage />;
  if (pathname === '/disputes' || pathname === '/disputes/') return <DisputesPage />;
  const ticket = /^\/tickets\/([^/]+)\/?$/.exec(pathname);
  if (ticket?.[1]) return <TicketPage key={ticket[1]} ticketId={decodeURIComponent(ticket[1])} />;
  return <NotFoundPage />;
}
