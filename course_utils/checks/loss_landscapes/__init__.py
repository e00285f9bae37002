"""Checks for the exercises of notebook 05 (loss landscapes).

The Hessian of Rosenbrock's function, filter normalization of a random direction (Li et al.
2018), and an experiment: rescale a ReLU network so that it computes the same function with a
much larger largest Hessian eigenvalue (Dinh et al. 2017). The references come from the
package (:mod:`course_utils.geometry.landscapes`, :mod:`course_utils.geometry.netlandscape`,
:mod:`course_utils.geometry.critical`), and the typical mistakes are recognised and named with a
one-sentence hint.

One module per exercise:

- :mod:`.rosenbrock`: :func:`rosenbrock_hess`;
- :mod:`.filters`: :func:`filter_normalize`;
- :mod:`.sharpness`: :func:`sharpen`.
"""

from .filters import filter_normalize
from .rosenbrock import rosenbrock_hess
from .sharpness import sharpen

__all__ = ["rosenbrock_hess", "filter_normalize", "sharpen"]
