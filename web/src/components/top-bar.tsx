import type { Session } from '../api/types.js';
import { useMyOpenEscalations } from '../escalations/escalation-count.js';
import { Link } from '../lib/router.js';

interface TopBarProps {
  session: Session;
  pathname: string;
  onLogout: () => void;
}

const nav = [
  { to: '/review', label: 'Review', match: (p: string) => p.startsWith('/review') || p === '/' },
  { to: '/tickets', label: 'Tickets', match: (p: string) => p.startsWith('/tickets') },
  { to: '/disputes', label: 'Disputes', match: (p: string) => p.startsWith('/disputes') },
  { to: '/categories', label: 'Categories', match: (p: string) => p.startsWith('/categories') },
  { to: '/policy', label: 'Policy', match: (p: string) => p.startsWith('/policy') },
  { to: '/escalations', label: 'Escalations', match: (p: string) => p.startsWith('/escalations') },
  { to: '/models', label: 'Models', match: (p: string) => p.startsWith('/models') },
  { to: '/drift', label: 'Drift', match: (p: string) => p.startsWith('/drift') },
  { to: '/rollout', label: 'Rollout', match: (p: string) => p.startsWith('/rollout') },
  { to: '/connections', label: 'Connections', match: (p: string) => p.startsWith('/connections') },
];

export function TopBar({ session, pathname, onLogout }: TopBarProps) {
  const canSeeEscalations = session.permissions.includes('escalations:read');
  const mine = useMyOpenEscalations(canSeeEscalations, pathname);
  return (
    <header className="topbar">
      <Link to="/review" className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Triage
      </Link>
      <nav className="topnav" aria-label="Main">
        {nav
          .filter((item) => item.to !== '/escalations' || canSeeEscalations)
          .filter((item) => item.to !== '/drift' || session.permissions.includes('drift:read'))
          .filter((item) => item.to !== '/rollout' || session.permissions.includes('rollout:read'))
          .filter((item) => item.to !== '/connections' || session.permissions.includes('integrations:read'))
          .map((item) => (
            <Link
              key={item.to}
              to={item.to}
              className="topnav-link"
              aria-current={item.match(pathname) ? 'page' : undefined}
            >
              {item.label}
              {item.to === '/escalations' && mine > 0 && (
                <span
                  className="nav-badge"
                  data-testid="escalations-badge"
                  title={`${mine} open escalation${mine === 1 ? '' : 's'} you own`}
                >
                  {mine}
                </span>
              )}
            </Link>
          ))}
      </nav>
      <div className="topbar-end">
        <span className="workspace" title={`Workspace (your role: ${session.workspace.role})`}>
          {session.workspace.slug}
        </span>
        <span className="user" title={session.user.email}>
          {session.user.name || session.user.email}
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={onLogout}>
          Log out
        </button>
      </div>
    </header>
  );
}
