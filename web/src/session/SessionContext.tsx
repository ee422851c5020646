import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiClient } from "../api/client";
import { ApiError, toApiError } from "../api/problem";
import type { Me, Role } from "../api/types";
import { allTeams, sessionStore } from "./storage";

export interface Session {
  api: ApiClient;
  me: Me;
  /** The team switcher's choice: a team id, or "all". */
  team: string;
  setTeam(team: string): void;
  /** The caller's role on a team (super admins act as admin everywhere). */
  roleOn(teamId: string): Role | null;
  signOut(): void;
}

interface SessionState {
  session: Session | null;
  /** Why the last sign-in failed, or why the session ended (a revoked key). */
  problem: ApiError | null;
  checking: boolean;
  signIn(apiKey: string): Promise<boolean>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [apiKey, setApiKey] = useState<string | null>(() => sessionStore.apiKey());
  const [me, setMe] = useState<Me | null>(null);
  const [team, setTeamState] = useState<string>(() => sessionStore.team());
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [checking, setChecking] = useState<boolean>(() => sessionStore.apiKey() !== null);

  const signOut = useCallback(() => {
    sessionStore.clear();
    setApiKey(null);
    setMe(null);
    setTeamState(allTeams);
  }, []);

  const api = useMemo(
    () =>
      apiKey === null
        ? null
        : new ApiClient(apiKey, (error) => {
            // A key revoked mid-session: back to sign-in, saying why.
            setProblem(error);
            signOut();
          }),
    [apiKey, signOut],
  );

  // A reload keeps the key (session storage): confirm it still works before showing the app.
  useEffect(() => {
    if (!api || me) return;
    const abort = new AbortController();
    api
      .me(abort.signal)
      .then(setMe)
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        setProblem(toApiError(e));
        signOut();
      })
      .finally(() => setChecking(false));
    return () => abort.abort();
  }, [api, me, signOut]);

  const signIn = useCallback(async (key: string) => {
    setChecking(true);
    try {
      const who = await new ApiClient(key).me();
      sessionStore.save(key);
      setProblem(null);
      setMe(who);
      setApiKey(key);
      const saved = sessionStore.team();
      if (saved !== allTeams && !who.teams.some((t) => t.id === saved)) setTeamState(allTeams);
      return true;
    } catch (e) {
      setProblem(toApiError(e));
      return false;
    } finally {
      setChecking(false);
    }
  }, []);

  const session = useMemo<Session | null>(() => {
    if (!api || !me) return null;
    return {
      api,
      me,
      team,
      setTeam(next: string) {
        sessionStore.saveTeam(next);
        setTeamState(next);
      },
      roleOn(teamId: string) {
        if (me.is_super_admin) return "admin";
        return me.teams.find((t) => t.id === teamId)?.role ?? null;
      },
      signOut,
    };
  }, [api, me, team, signOut]);

  const value = useMemo(() => ({ session, problem, checking, signIn }), [session, problem, checking, signIn]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSessionState outside SessionProvider");
  return state;
}

/** The signed-in session; only used below the sign-in gate. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error("useSession before sign-in");
  return session;
}

export const canScan = (role: Role | null) => role === "developer" || role === "admin";
