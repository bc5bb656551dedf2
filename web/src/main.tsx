import "./explorer.css";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { HomePage } from "./home";
import { StoryPage } from "./story";
import { EntityPage } from "./entity";
import { routeOf } from "./url";

/** The explorer: one page per URL; in-page selections live in the query string (src/url.ts). */
function App() {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    window.addEventListener("popstate", update);
    window.addEventListener("claimbase:navigate", update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener("claimbase:navigate", update);
    };
  }, []);
  const route = routeOf(window.location);
  return (
    <>
      <header class="site-header">
        <a href="/" class="brand">
          claimbase <span>story explorer</span>
        </a>
        <nav aria-label="Site">
          <a href="/">Stories</a>
          <a href="/graphql">GraphQL API</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === "home" && <HomePage search={route.search} />}
        {route.page === "story" && <StoryPage topic={route.topic} />}
        {route.page === "entity" && <EntityPage slug={route.slug} />}
        {route.page === "missing" && (
          <>
            <h1>Page not found</h1>
            <p>
              <a href="/">See all stories</a>
            </p>
          </>
        )}
      </main>
    </>
  );
}

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
