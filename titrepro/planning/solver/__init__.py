"""Timetable solver and validator: pure Python + OR-Tools CP-SAT, dataclasses in and out, no Django."""
