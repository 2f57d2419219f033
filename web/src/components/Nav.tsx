import { Link, useLocation } from 'wouter';
import type { Me } from '../api.js';
import { useSignOut } from '../session.js';

const SCREENS = [
  ['/queue', 'Queue'],
  ['/claims', 'Claims'],
  ['/dashboard', 'Dashboard'],
  ['/activity', 'Activity'],
] as const;

export function Nav({ me, live }: { me: Me; live: boolean }) {
  const [location, navigate] = useLocation();
  const signOut = useSignOut();
  return (
    <header className="top">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <span className="brand">Claimgraph</span>
      <nav aria-label="Screens">
        <ul>
          {SCREENS.map(([href, label]) => (
            <li key={href}>
              <Link
                href={href}
                aria-current={
                  location === href || location.startsWith(`${href}/`) ? 'page' : undefined
                }
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <span
        className={live ? 'live on' : 'live'}
        title={live ? 'Live updates on' : 'Live updates reconnecting'}
      >
        {live ? 'live' : 'offline'}
      </span>
      <span className="who" data-testid="who">
        {me.name} <span className="role">({me.role})</span>
      </span>
      <button
        type="button"
        onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') })}
        disabled={signOut.isPending}
      >
        Sign out
      </button>
    </header>
  );
}
