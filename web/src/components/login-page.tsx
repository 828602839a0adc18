import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../api/client.js';

interface LoginPageProps {
  onLoggedIn: () => Promise<void>;
}

export function LoginPage({ onLoggedIn }: LoginPageProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => emailRef.current?.focus(), []);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/auth/login', { email: email.trim(), password });
      await onLoggedIn();
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'invalid_credentials' || err.status === 401)) {
        setError('That e-mail and password do not match an account. Check both and try again.');
      } else if (err instanceof ApiError && err.status === 400) {
        setError('Enter your e-mail address and password.');
      } else {
        setError(errorMessage(err));
      }
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <form className="login-card" onSubmit={submit} noValidate>
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true" />
          Triage
        </div>
        <h1 className="login-title">Log in</h1>
        <label className="field">
          <span className="field-label">E-mail</span>
          <input
            data-testid="login-email"
            type="email"
            autoComplete="username"
            required
            ref={emailRef}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button
          data-testid="login-submit"
          type="submit"
          className="btn btn-primary btn-block"
          disabled={busy}
        >
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </div>
  );
}
