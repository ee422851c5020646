/** "A scan started, moved or ended": lists listen and refresh now instead of on their next poll. */
type Listener = () => void;
const listeners = new Set<Listener>();

export const scanEvents = {
  emit() {
    for (const l of listeners) l();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
