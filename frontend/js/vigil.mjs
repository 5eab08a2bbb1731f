// Starts GOV.UK and MoJ Frontend components. Loaded as a module, so it runs only in
// browsers that support them; every page works without it.
import { initAll as initGovuk } from "./govuk-frontend.min.js";
import { initAll as initMoj } from "./moj-frontend.min.js";

initGovuk();
initMoj();
