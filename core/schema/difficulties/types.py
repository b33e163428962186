"""An intern who cannot continue, as GraphQL shows it: the type is defined beside the
candidate it links to both ways (:mod:`core.schema.lifecycle.types`), so that neither
package imports the other back."""

from __future__ import annotations

from core.schema.lifecycle.types import Difficulty, DifficultyKind

__all__ = ["Difficulty", "DifficultyKind"]
