"""Moving lessons by hand: check a move before it is made, and colour the grid while dragging."""

from __future__ import annotations

from solver.edit.cells import CellStatus, free_cells
from solver.edit.moves import Move, MoveCheck, check_moves, choose_room

__all__ = ["CellStatus", "Move", "MoveCheck", "check_moves", "choose_room", "free_cells"]
