// The baseline for the terminal figures: a plain Ink hello-world, unbundled (ink and react resolved
// from node_modules), run by the same Node as meshtui. Each key redraws it ("hello 1", "hello 2", …),
// which gives the pseudo-terminal's own keypress → redraw floor; q exits.
import { render, Text, useApp, useInput } from 'ink';
import React, { useState } from 'react';

function Hello() {
  const { exit } = useApp();
  const [n, setN] = useState(0);
  useInput((input) => (input === 'q' ? exit() : setN((x) => x + 1)));
  return React.createElement(Text, null, n ? `hello ${n}` : 'hello');
}
render(React.createElement(Hello));
