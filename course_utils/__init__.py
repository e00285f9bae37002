"""course_utils: the small NumPy package behind the course *How neural networks learn*.

Its modules are grouped in layers; a module imports only from its own layer or lower ones
(``tests/test_architecture.py`` checks this), from the exercise checks down to NumPy:

=============  =====================================================================
``checks``     exercise checks, one module per lesson: ``checks.<exercise>(function)``
``viz``        static figures (``plotting``), live plots (``liveplots``), dashboards
               (``widgets``)
``geometry``   2-D test surfaces (``landscapes``), slices of a network's loss
               (``netlandscape``), critical points (``critical``), saddles (``saddles``),
               a census of a network's critical points (``census``)
``nn``         activations, losses, parameters (initialization, one vector), the perceptron,
               two-layer and deep networks (``network``, ``deep``), gradient checks,
               mini-batches, training, evaluation
``optim``      update rules (``optimizers``), schedules, averages (``ewa``), momentum's
               theory, fair races between optimizers (``race``)
``data``       the toy problems and the handwritten digits that ship with the course
``expect``     results every machine reproduces; ``validate``: argument checks
=============  =====================================================================

Import the modules you need by name, for example::

    from course_utils import checks, expect
    from course_utils.nn import network, training
    from course_utils.optim import optimizers

Nothing happens on import: no plotting style is changed, no random seed is set.
"""

__version__ = "0.1.0"

__all__ = ["checks", "data", "expect", "geometry", "nn", "optim", "validate", "viz"]
