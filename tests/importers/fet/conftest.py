"""Shared pieces of the FET tests: a tiny .fet file written here, benchdata files, fet-cl."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.benchdata import benchdata_file

# Two teachers, one class, two rooms, 2 days x 3 hours. Activity 1 has a 100 % lock to
# Monday 1 in room R1 that a test contradicts; activity 2 is locked to Tuesday 3 and left be.
TINY_FET = """<?xml version="1.0" encoding="UTF-8"?>

<fet version="5.37.0">

<Institution_Name>Школа №1</Institution_Name>

<Comments></Comments>

<Days_List>
<Number_of_Days>2</Number_of_Days>
<Day>
\t<Name>Дүйсенбі</Name>
</Day>
<Day>
\t<Name>Сейсенбі</Name>
</Day>
</Days_List>

<Hours_List>
<Number_of_Hours>3</Number_of_Hours>
<Hour>
\t<Name>1</Name>
</Hour>
<Hour>
\t<Name>2</Name>
</Hour>
<Hour>
\t<Name>3</Name>
</Hour>
</Hours_List>

<Subjects_List>
<Subject>
\t<Name>Математика</Name>
\t<Comments></Comments>
</Subject>
</Subjects_List>

<Activity_Tags_List>
</Activity_Tags_List>

<Teachers_List>
<Teacher>
\t<Name>Әлия</Name>
\t<Target_Number_of_Hours>0</Target_Number_of_Hours>
\t<Qualified_Subjects>
\t</Qualified_Subjects>
\t<Comments></Comments>
</Teacher>
<Teacher>
\t<Name>Ерлан</Name>
\t<Target_Number_of_Hours>0</Target_Number_of_Hours>
\t<Qualified_Subjects>
\t</Qualified_Subjects>
\t<Comments></Comments>
</Teacher>
</Teachers_List>

<Students_List>
<Year>
\t<Name>7А</Name>
\t<Number_of_Students>25</Number_of_Students>
\t<Comments></Comments>
</Year>
</Students_List>

<Activities_List>
<Activity>
\t<Teacher>Әлия</Teacher>
\t<Subject>Математика</Subject>
\t<Students>7А</Students>
\t<Duration>1</Duration>
\t<Total_Duration>1</Total_Duration>
\t<Id>1</Id>
\t<Activity_Group_Id>0</Activity_Group_Id>
\t<Active>true</Active>
\t<Comments></Comments>
</Activity>
<Activity>
\t<Teacher>Ерлан</Teacher>
\t<Subject>Математика</Subject>
\t<Students>7А</Students>
\t<Duration>1</Duration>
\t<Total_Duration>1</Total_Duration>
\t<Id>2</Id>
\t<Activity_Group_Id>0</Activity_Group_Id>
\t<Active>true</Active>
\t<Comments></Comments>
</Activity>
</Activities_List>

<Buildings_List>
</Buildings_List>

<Rooms_List>
<Room>
\t<Name>R1</Name>
\t<Building></Building>
\t<Capacity>30</Capacity>
\t<Comments></Comments>
</Room>
<Room>
\t<Name>R2</Name>
\t<Building></Building>
\t<Capacity>30</Capacity>
\t<Comments></Comments>
</Room>
</Rooms_List>

<Time_Constraints_List>
<ConstraintBasicCompulsoryTime>
\t<Weight_Percentage>100</Weight_Percentage>
\t<Active>true</Active>
\t<Comments></Comments>
</ConstraintBasicCompulsoryTime>
<ConstraintActivityPreferredStartingTime>
\t<Weight_Percentage>100</Weight_Percentage>
\t<Activity_Id>1</Activity_Id>
\t<Preferred_Day>Дүйсенбі</Preferred_Day>
\t<Preferred_Hour>1</Preferred_Hour>
\t<Permanently_Locked>true</Permanently_Locked>
\t<Active>true</Active>
\t<Comments>set by the school</Comments>
</ConstraintActivityPreferredStartingTime>
<ConstraintActivityPreferredStartingTime>
\t<Weight_Percentage>100</Weight_Percentage>
\t<Activity_Id>2</Activity_Id>
\t<Preferred_Day>Сейсенбі</Preferred_Day>
\t<Preferred_Hour>3</Preferred_Hour>
\t<Permanently_Locked>true</Permanently_Locked>
\t<Active>true</Active>
\t<Comments></Comments>
</ConstraintActivityPreferredStartingTime>
</Time_Constraints_List>

<Space_Constraints_List>
<ConstraintBasicCompulsorySpace>
\t<Weight_Percentage>100</Weight_Percentage>
\t<Active>true</Active>
\t<Comments></Comments>
</ConstraintBasicCompulsorySpace>
<ConstraintActivityPreferredRoom>
\t<Weight_Percentage>100</Weight_Percentage>
\t<Activity_Id>1</Activity_Id>
\t<Room>R1</Room>
\t<Permanently_Locked>true</Permanently_Locked>
\t<Active>true</Active>
\t<Comments></Comments>
</ConstraintActivityPreferredRoom>
</Space_Constraints_List>

</fet>
"""

# Files that fet-cl completes in well under 2 s here (BASELINE.md: 0.1, 0.25 and 0.7 s).
QUICK_FILES = ("Horario_ISJ.fet", "Brazil.fet", "school.fet")


@pytest.fixture
def tiny_fet(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.fet"
    path.write_text(TINY_FET, encoding="utf-8")
    return path


@pytest.fixture
def fet_cl() -> str:
    found = shutil.which("fet-cl")
    if found is None:
        pytest.skip("fet-cl is not installed (Debian package `fet`)")
    return found


def fet_benchdata(name: str) -> Path:
    """A benchdata FET file, or skip the test when this checkout has no benchdata."""
    path = benchdata_file("fet", name)
    if path is None:
        pytest.skip(f"benchdata fet/{name} is absent")
    return path
