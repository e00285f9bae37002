"""The real handwritten digits that ship with the course (nothing is ever downloaded).

See ``course_utils/datasets/README.md`` for their source and licence.
"""

from importlib import resources

import numpy as np

__all__ = ["load_digits"]


def load_digits():
    """The 8x8 handwritten digits shipped with the course (UCI optdigits, 1,797 images).

    Returns
    -------
    X : ndarray, shape (1797, 64), float64
        Pixel counts 0..16, row by row (``X[n].reshape(8, 8)`` is the image).
    y : ndarray of int, shape (1797,)
        The digit 0..9.
    """
    path = resources.files("course_utils").joinpath("datasets").joinpath("digits.npz")
    with path.open("rb") as f, np.load(f) as data:
        return data["X"].astype(np.float64), data["y"].astype(np.int64)
