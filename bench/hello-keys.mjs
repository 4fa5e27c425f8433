// The pseudo-terminal's own keypress → redraw floor: an Ink hello-world that redraws on each key
// ("hello 1", "hello 2", …); q exits.
import { render, Text, useApp, useInput } from 'ink';
import React, { useState } from 'react';

function Hello() {
  const { exit } = useApp();
  const [n, setN] = useState(0);
  useInput((input) => (input === 'q' ? exit() : setN((x) => x + 1)));
  return React.createElement(Text, null, n ? `hello ${n}` : 'hello');
}
render(React.createElement(Hello));
