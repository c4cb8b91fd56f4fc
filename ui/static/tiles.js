// Tiles drawn by ui/tiles.py: one button each, a click reported as the "open" trigger.
// Text goes in as text, never as HTML: labels hold user-entered names.

function decoded(data) {
  if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
    return JSON.parse(new TextDecoder().decode(data));
  }
  return typeof data === "string" ? JSON.parse(data) : data;
}

function part(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

function tileButton(tile, hint, setTriggerValue) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "tile";
  if (tile.help) button.title = tile.help;
  const label = part("span", "label", tile.label);
  if (tile.light) label.prepend(part("span", `dot ${tile.light}`, "●"));
  button.append(label);
  if (tile.value !== "") button.append(part("span", "value", tile.value));
  if (tile.caption) button.append(part("span", "caption", tile.caption));
  button.append(part("span", "hint", hint));
  button.addEventListener("click", () => setTriggerValue("open", tile.key));
  return button;
}

export default function ({ data, parentElement, setTriggerValue }) {
  const board = parentElement.querySelector(".tiles");
  const spec = decoded(data);
  board.style.setProperty("--tile-min", `${spec.min_width}rem`);
  board.classList.toggle("cards", Boolean(spec.cards));
  board.setAttribute("aria-label", spec.name);
  board.replaceChildren(...spec.tiles.map((tile) => tileButton(tile, spec.hint, setTriggerValue)));
}
