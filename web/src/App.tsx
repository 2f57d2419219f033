import { lazy, Suspense, useEffect } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { Nav } from './components/Nav.js';
import { useLiveUpdates } from './live.js';
import { ActivityPage } from './pages/Activity.js';
import { ClaimPage } from './pages/Claim.js';
import { ClaimsPage } from './pages/Claims.js';
import { QueuePage } from './pages/Queue.js';
import { SignInPage } from './pages/SignIn.js';
import { SourcePage } from './pages/Source.js';
import { useMe } from './session.js';

// The dashboard draws the graph with Cytoscape.js: loaded only when the dashboard is opened.
const DashboardPage = lazy(() => import('./pages/Dashboard.js'));

export function App() {
  const me = useMe();
  const [location, navigate] = useLocation();
  const signedIn = !!me.data;
  const live = useLiveUpdates(signedIn);

  useEffect(() => {
    if (me.isSuccess && !me.data && location !== '/sign-in') {
      const next =
        location === '/' ? '' : `?next=${encodeURIComponent(location + window.location.search)}`;
      navigate(`/sign-in${next}`, { replace: true });
    }
  }, [me.isSuccess, me.data, location, navigate]);

  if (me.isPending)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (me.isError) return <p role="alert">The server did not answer: {String(me.error)}</p>;
  if (!me.data) return <SignInPage />;

  return (
    <>
      <Nav me={me.data} live={live} />
      <main id="main">
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Switch>
            <Route path="/">
              <Redirect to="/queue" replace />
            </Route>
            <Route path="/sign-in">
              <Redirect to="/queue" replace />
            </Route>
            <Route path="/queue" component={QueuePage} />
            <Route path="/claims" component={ClaimsPage} />
            <Route path="/claims/:id">{(params) => <ClaimPage id={params.id} />}</Route>
            <Route path="/sources/:id">{(params) => <SourcePage id={params.id} />}</Route>
            <Route path="/dashboard" component={DashboardPage} />
            <Route path="/activity" component={ActivityPage} />
            <Route>
              <h1>Not found</h1>
              <p>No screen has this address.</p>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}
