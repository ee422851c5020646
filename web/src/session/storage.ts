// The API key lives in this tab's session storage only: closing the tab or signing out forgets it.
const keyItem = "trustedoss.apiKey";
const teamItem = "trustedoss.team";

export const allTeams = "all";

export const sessionStore = {
  apiKey: (): string | null => sessionStorage.getItem(keyItem),
  team: (): string => sessionStorage.getItem(teamItem) ?? allTeams,
  save(apiKey: string) {
    sessionStorage.setItem(keyItem, apiKey);
  },
  saveTeam(team: string) {
    sessionStorage.setItem(teamItem, team);
  },
  /** Sign-out: nothing of the session stays behind in this tab. */
  clear() {
    sessionStorage.removeItem(keyItem);
    sessionStorage.removeItem(teamItem);
  },
};
