import { Link } from '../lib/router.js';

export function NotFoundPage() {
  return (
    <div className="page page-narrow">
      <h1 className="page-title">Page not found</h1>
      <p className="muted">
        There is nothing at this address. Go to the <Link to="/review">review queue</Link>.
      </p>
    </div>
  );
}
