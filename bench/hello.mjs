// The baseline for first-frame figures: a plain Ink hello-world, unbundled (ink and react resolved
// from node_modules), run by the same Node as meshtui. It exits on any key.
import { render, Text, useInput, useApp } from 'ink';
import React from 'react';

function Hello() {
  const { exit } = useApp();
  useInput(() => exit());
  return React.createElement(Text, null, 'hello');
}
render(React.createElement(Hello));
