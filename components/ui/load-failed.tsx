import { Alert } from "./alert";
import { Button } from "./button";

/**
 * What a panel shows when its data could not be loaded: the error, and a
 * button to try again — worded and laid out the same on every page. The
 * caller places it (in a card body, a card, a plain block).
 */
export function LoadFailed({ title, error, onRetry }: { title: string; error: string; onRetry: () => void }) {
  return (
    <>
      <Alert tone="error" title={title}>
        {error}
      </Alert>
      <Button variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    </>
  );
}
