"""Pure, vectorised numpy/pandas metrics: specialisation, concentration, shift-share, growth,
inequality. No I/O, no UI, no rules, and no import of any other part of the app."""
