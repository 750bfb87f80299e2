"""climategraph: a knowledge graph of climate cooperation between local governments,
international bodies and events.

The package is a small library (``graph``, ``validate``, ``queries``, ``analysis``,
``viz``, ``export``, ``endpoint``) with a thin click CLI in ``cli``. Importing the
package does no work and imports no heavy dependency.
"""

__version__ = "0.1.0"
