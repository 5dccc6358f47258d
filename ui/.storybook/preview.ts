import type { Preview } from "@storybook/html-vite";
import { STYLES } from "../src/index.js";

// The dashboard's stylesheet, once, so stories look like the page.
const style = document.createElement("style");
style.textContent = STYLES;
document.head.appendChild(style);

const preview: Preview = { parameters: { layout: "padded" } };
export default preview;
