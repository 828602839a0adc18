import type { Session } from '../api/types.js';
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
  { to: '/policy', label: 'Policy', match: (p: string) => p.startsWith('/policy') },
];

export function TopBar({ session, pathname, onLogout }: TopBarProps) {
  return (
    <header className="topbar">
      <Link to="/review" className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Triage
      </Link>
      <nav className="topnav" aria-label="Main">
        {nav.map((item) => (
          <Link
            key={item.to}
            to={item.to}
            className="topnav-link"
            aria-current={item.match(pathname) ? 'page' : undefined}
          >
            {item.label}
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
