"""Reading FET files into our Problem: students sets, activities, constraints, rooms, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.benchdata import benchdata_dir
from importers.fet import load_fet
from importers.fet.document import read_fet
from importers.loaded import InputError
from solver.conditions import Limit, MinDaysApart, PreferRooms, SameStart, StartsIn

TINY = """<?xml version="1.0" encoding="UTF-8"?>
<fet version="6.8.5">
<Institution_Name>Мектеп №1</Institution_Name>
<Days_List><Number_of_Days>3</Number_of_Days>
<Day><Name>Дүйсенбі</Name></Day><Day><Name>Сейсенбі</Name></Day><Day><Name>Сәрсенбі</Name></Day>
</Days_List>
<Hours_List><Number_of_Hours>4</Number_of_Hours>
<Hour><Name>1</Name></Hour><Hour><Name>2</Name></Hour><Hour><Name>3</Name></Hour>
<Hour><Name>4</Name></Hour>
</Hours_List>
<Subjects_List><Subject><Name>Математика</Name></Subject><Subject><Name>Ағылшын</Name></Subject>
</Subjects_List>
<Activity_Tags_List><Activity_Tag><Name>lab</Name></Activity_Tag></Activity_Tags_List>
<Teachers_List><Teacher><Name>Әсел</Name></Teacher><Teacher><Name>Ғалым</Name></Teacher>
</Teachers_List>
<Students_List>
<Year><Name>7</Name><Number_of_Students>20</Number_of_Students>
 <Group><Name>7a</Name><Number_of_Students>20</Number_of_Students>
  <Subgroup><Name>7a-1</Name><Number_of_Students>10</Number_of_Students></Subgroup>
  <Subgroup><Name>7a-2</Name><Number_of_Students>10</Number_of_Students></Subgroup>
 </Group>
 <Group><Name>boys</Name><Number_of_Students>10</Number_of_Students>
  <Subgroup><Name>7a-1</Name><Number_of_Students>10</Number_of_Students></Subgroup>
 </Group>
</Year>
</Students_List>
<Buildings_List><Building><Name>Main</Name></Building></Buildings_List>
<Rooms_List>
<Room><Name>101</Name><Building>Main</Building><Capacity>30</Capacity></Room>
<Room><Name>Lab</Name><Building>Main</Building><Capacity>12</Capacity></Room>
</Rooms_List>
<Activities_List>
<Activity><Teacher>Әсел</Teacher><Subject>Математика</Subject><Students>7a</Students>
 <Duration>1</Duration><Total_Duration>3</Total_Duration><Id>1</Id><Activity_Group_Id>1</Activity_Group_Id>
 <Active>true</Active></Activity>
<Activity><Teacher>Әсел</Teacher><Subject>Математика</Subject><Students>7a</Students>
 <Duration>2</Duration><Total_Duration>3</Total_Duration><Id>2</Id><Activity_Group_Id>1</Activity_Group_Id>
 <Active>true</Active></Activity>
<Activity><Teacher>Ғалым</Teacher><Subject>Ағылшын</Subject><Students>7a-1</Students>
 <Activity_Tag>lab</Activity_Tag>
 <Duration>1</Duration><Total_Duration>1</Total_Duration><Id>3</Id><Activity_Group_Id>0</Activity_Group_Id>
 <Active>true</Active></Activity>
<Activity><Teacher>Ғалым</Teacher><Subject>Ағылшын</Subject><Students>7a-2</Students>
 <Duration>1</Duration><Total_Duration>1</Total_Duration><Id>4</Id><Activity_Group_Id>0</Activity_Group_Id>
 <Active>false</Active></Activity>
</Activities_List>
<Time_Constraints_List>
<ConstraintBasicCompulsoryTime><Weight_Percentage>100</Weight_Percentage><Active>true</Active>
</ConstraintBasicCompulsoryTime>
<ConstraintMinDaysBetweenActivities><Weight_Percentage>95</Weight_Percentage>
 <Consecutive_If_Same_Day>true</Consecutive_If_Same_Day><Number_of_Activities>2</Number_of_Activities>
 <Activity_Id>1</Activity_Id><Activity_Id>2</Activity_Id><MinDays>1</MinDays><Active>true</Active>
</ConstraintMinDaysBetweenActivities>
<ConstraintTeacherNotAvailableTimes><Weight_Percentage>100</Weight_Percentage><Teacher>Ғалым</Teacher>
 <Number_of_Not_Available_Times>1</Number_of_Not_Available_Times>
 <Not_Available_Time><Day>Дүйсенбі</Day><Hour>1</Hour></Not_Available_Time><Active>true</Active>
</ConstraintTeacherNotAvailableTimes>
<ConstraintTeacherMaxGapsPerDay><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Ғалым</Teacher_Name>
 <Max_Gaps>1</Max_Gaps><Active>true</Active></ConstraintTeacherMaxGapsPerDay>
<ConstraintTeacherMaxHoursDaily><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Әсел</Teacher_Name>
 <Maximum_Hours_Daily>2</Maximum_Hours_Daily><Active>true</Active></ConstraintTeacherMaxHoursDaily>
<ConstraintStudentsSetMaxGapsPerWeek><Weight_Percentage>100</Weight_Percentage><Max_Gaps>0</Max_Gaps>
 <Students>7a</Students><Active>true</Active></ConstraintStudentsSetMaxGapsPerWeek>
<ConstraintActivitiesPreferredStartingTimes><Weight_Percentage>100</Weight_Percentage>
 <Teacher_Name></Teacher_Name><Students_Name></Students_Name><Subject_Name>Ағылшын</Subject_Name>
 <Activity_Tag_Name></Activity_Tag_Name><Duration></Duration>
 <Number_of_Preferred_Starting_Times>1</Number_of_Preferred_Starting_Times>
 <Preferred_Starting_Time><Preferred_Starting_Day>Сейсенбі</Preferred_Starting_Day>
 <Preferred_Starting_Hour></Preferred_Starting_Hour></Preferred_Starting_Time><Active>true</Active>
</ConstraintActivitiesPreferredStartingTimes>
<ConstraintActivitiesSameStartingTime><Weight_Percentage>100</Weight_Percentage>
 <Number_of_Activities>2</Number_of_Activities><Activity_Id>1</Activity_Id><Activity_Id>3</Activity_Id>
 <Active>false</Active></ConstraintActivitiesSameStartingTime>
<ConstraintStudentsMaxHoursDailyInInterval><Weight_Percentage>100</Weight_Percentage><Active>true</Active>
</ConstraintStudentsMaxHoursDailyInInterval>
</Time_Constraints_List>
<Space_Constraints_List>
<ConstraintBasicCompulsorySpace><Weight_Percentage>100</Weight_Percentage><Active>true</Active>
</ConstraintBasicCompulsorySpace>
<ConstraintStudentsSetHomeRoom><Weight_Percentage>100</Weight_Percentage><Students>7a-1</Students>
 <Room>101</Room><Active>true</Active></ConstraintStudentsSetHomeRoom>
<ConstraintActivityTagPreferredRoom><Weight_Percentage>100</Weight_Percentage><Activity_Tag>lab</Activity_Tag>
 <Room>Lab</Room><Active>true</Active></ConstraintActivityTagPreferredRoom>
<ConstraintTeacherHomeRoom><Weight_Percentage>90</Weight_Percentage><Teacher>Әсел</Teacher>
 <Room>Lab</Room><Active>true</Active></ConstraintTeacherHomeRoom>
</Space_Constraints_List>
</fet>
"""


def tiny(tmp_path: Path, text: str = TINY) -> Path:
    path = tmp_path / "tiny.fet"
    path.write_text(text, encoding="utf-8")
    return path


def test_students_sets_become_classes_groups_and_explicit_atoms(tmp_path: Path) -> None:
    p = load_fet(tiny(tmp_path)).problem
    assert [c.code for c in p.classes] == ["7"]
    names = {g.id: g.name for g in p.groups}
    # Subgroup 7a-1 belongs to both 7a and boys; 7a-2 only to 7a.
    atoms = {tuple(sorted(names[g] for g in gs)) for _, gs in p.atoms}
    assert atoms == {("7a", "7a-1", "boys"), ("7a", "7a-2")}
    english = p.lessons[2]
    assert [names[g] for g in english.groups] == ["7a-1"]
    assert len(p.lesson_atoms(english)) == 1
    assert len(p.lesson_atoms(p.lessons[0])) == 2


def test_activities_become_lessons_and_inactive_ones_are_left_out(tmp_path: Path) -> None:
    loaded = load_fet(tiny(tmp_path))
    p = loaded.problem
    assert len(p.lessons) == 3
    assert [ls.length for ls in p.lessons] == [1, 2, 1]
    assert p.lessons[0].course == p.lessons[1].course  # one split lesson
    assert loaded.lesson_of == {1: 0, 2: 1, 3: 2}
    assert p.days[0] == "Дүйсенбі" and p.teachers[0].name == "Әсел"
    assert any("1 inactive activities" in str(w) for w in loaded.warnings)


def test_constraints_map_to_fields_and_conditions(tmp_path: Path) -> None:
    loaded = load_fet(tiny(tmp_path))
    p = loaded.problem
    assert p.teachers[1].unavailable == {(0, 0)}
    assert p.teachers[0].max_per_day == 2
    by_type = {type(c): c for c in p.conditions}
    # 95 % with "consecutive if same day": FET weighs the days apart but always requires
    # two activities on one day to be back to back.
    soft, hard = [c for c in p.conditions if isinstance(c, MinDaysApart)]
    assert (soft.lessons, soft.days, soft.adjacent_if_same_day, soft.weight) == (
        (0, 1),
        1,
        False,
        95,
    )
    assert (hard.lessons, hard.days, hard.adjacent_if_same_day, hard.weight) == (
        (0, 1),
        0,
        True,
        None,
    )
    assert "MinDaysBetweenActivities" in soft.label and "back to back" in hard.label
    gaps = [c for c in p.conditions if isinstance(c, Limit) and c.who[0] == "atom"]
    assert {c.measure for c in gaps} == {"max_gaps_week"} and len(gaps) == 2  # both atoms
    (teacher,) = [c for c in p.conditions if isinstance(c, Limit) and c.who[0] == "teacher"]
    assert (teacher.who, teacher.measure, teacher.value) == (("teacher", 1), "max_gaps_day", 1)
    assert teacher.skip == {(0, 0)}  # FET counts no gap where the teacher is not available
    starts = by_type[StartsIn]
    assert isinstance(starts, StartsIn)
    assert starts.lessons == (2,) and starts.slots == {(1, h) for h in range(4)}
    assert SameStart not in by_type  # inactive
    assert loaded.unsupported == {"StudentsMaxHoursDailyInInterval": 1}
    assert any("StudentsMaxHoursDailyInInterval" in str(w) for w in loaded.warnings)


def test_rooms_follow_own_constraints_before_home_rooms(tmp_path: Path) -> None:
    p = load_fet(tiny(tmp_path)).problem
    rooms = {r.code: r.id for r in p.rooms}
    # The English lab lesson of 7a-1: its tag's room wins over the students' home room.
    assert p.lessons[2].rooms == (rooms["Lab"],)
    # Maths has only a soft home-room wish (90 %): any room big enough, and a PreferRooms.
    assert p.lessons[0].rooms == (rooms["101"],)  # the lab holds 12, the class is 20
    wishes = [c for c in p.conditions if isinstance(c, PreferRooms)]
    assert {c.lessons for c in wishes} == {(0,), (1,)} and all(c.weight == 90 for c in wishes)


def test_unknown_names_in_activities_are_all_reported(tmp_path: Path) -> None:
    text = TINY.replace("<Teacher>Әсел</Teacher><Subject>", "<Teacher>Asel</Teacher><Subject>", 1)
    text = text.replace("<Students>7a-2</Students>", "<Students>7z</Students>")
    with pytest.raises(InputError) as err:
        load_fet(tiny(tmp_path, text))
    words = [str(p) for p in err.value.problems]
    assert any("Activity 1: unknown teacher 'Asel'" in w for w in words)
    assert any("Activity 4: unknown students set '7z'" in w for w in words)


def test_broken_xml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_fet(tiny(tmp_path, TINY.replace("</Days_List>", "</Days>")))
    assert "tiny.fet line" in str(err.value)


FET_DIR = benchdata_dir()


@pytest.mark.skipif(FET_DIR is None, reason="no ../shared/benchdata in this checkout")
@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (FET_DIR / "fet").glob("*.fet")) if FET_DIR else [],
)
def test_every_benchdata_file_loads_with_its_activities(name: str) -> None:
    assert FET_DIR is not None
    path = FET_DIR / "fet" / name
    loaded = load_fet(path)
    doc = read_fet(path)
    assert len(loaded.problem.lessons) == sum(a.active for a in doc.activities)
    assert "ActivitiesOccupyMaxDifferentRooms" not in loaded.unsupported or name.startswith("shc")


def test_an_activity_left_without_any_fitting_room_is_named(tmp_path: Path) -> None:
    # The lab holds 12; give the English group 20 students and its tag's room no longer fits.
    text = TINY.replace(
        "<Subgroup><Name>7a-1</Name><Number_of_Students>10</Number_of_Students></Subgroup>",
        "<Subgroup><Name>7a-1</Name><Number_of_Students>20</Number_of_Students></Subgroup>",
    )
    loaded = load_fet(tiny(tmp_path, text))
    assert loaded.problem.lessons[2].rooms == ()
    assert any("activity 3 has room constraints but no room" in str(w) for w in loaded.warnings)
