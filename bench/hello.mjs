// The baseline for the first-frame figures: the plain Ink hello-world, unbundled (ink and react
// resolved from node_modules), run by the same Node as meshtui.
import { render, Text } from 'ink';
import React from 'react';

render(React.createElement(Text, null, 'hello'));
