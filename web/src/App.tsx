import { NavLink, Navigate, Route, Routes } from "react-router";
import { ProjectDetailPage } from "./pages/ProjectDetailPage";
import { ProjectsPage } from "./pages/ProjectsPage";
import { ScansPage } from "./pages/ScansPage";
import { Logo, SignInPage } from "./pages/SignInPage";
import { ProgressDrawer } from "./scans/ProgressDrawer";
import { ScanDrawerProvider, useScanDrawer } from "./scans/ScanDrawerContext";
import { useSession, useSessionState } from "./session/SessionContext";
import { allTeams } from "./session/storage";

export function App() {
  const { session, checking } = useSessionState();
  if (!session) {
    return checking ? (
      <p className="muted center" role="status">
        Checking your key…
      </p>
    ) : (
      <SignInPage />
    );
  }
  return (
    <ScanDrawerProvider>
      <Shell />
    </ScanDrawerProvider>
  );
}

function Shell() {
  const { scanId } = useScanDrawer();
  return (
    <div className={scanId ? "shell with-drawer" : "shell"}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar />
      <nav className="sidebar" aria-label="Main">
        <NavLink to="/projects">Projects</NavLink>
        <NavLink to="/scans">Scans</NavLink>
      </nav>
      <main id="main" className="main">
        <Routes>
          <Route path="/" element={<Navigate to="/projects" replace />} />
          <Route path="/projects" element={<ProjectsPage />} />
          <Route path="/projects/:projectId" element={<ProjectDetailPage />} />
          <Route path="/scans" element={<ScansPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
      {scanId && <ProgressDrawer key={scanId} scanId={scanId} />}
    </div>
  );
}

function TopBar() {
  const { me, team, setTeam, signOut } = useSession();
  return (
    <header className="topbar">
      <div className="brand">
        <Logo /> TrustedOSS Scans
      </div>
      <div className="topbar-right">
        {me.teams.length > 1 && (
          <label className="team-switcher">
            <span>Team</span>
            <select value={team} onChange={(e) => setTeam(e.target.value)}>
              <option value={allTeams}>All teams</option>
              {me.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.role})
                </option>
              ))}
            </select>
          </label>
        )}
        {me.teams.length === 1 && (
          <span className="muted">
            {me.teams[0].name} ({me.teams[0].role})
          </span>
        )}
        <span className="user" title={me.is_super_admin ? "Super admin" : undefined}>
          {me.email}
        </span>
        <button type="button" className="button small" onClick={signOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        <NavLink to="/projects">Go to Projects</NavLink>
      </p>
    </section>
  );
}
