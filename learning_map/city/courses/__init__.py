"""
Courses (课程) that learning sites offer: the category taxonomy, time slots, filters.

``taxonomy.toml`` is the built-in list of about 25 lifelong-learning course categories
(data, not code: a city replaces it with ``course_taxonomy.toml`` in its folder);
:mod:`~learning_map.city.courses.schedule` reads time slots, audiences and dates;
:mod:`~learning_map.city.courses.catalogue` answers "which sites offer a matching course".
Courses are read by :mod:`learning_map.city.courses.files` and kept per year in the registry
store (migration 5).
"""
