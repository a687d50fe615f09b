# conformance harness: what upstream's runme.sh does before its runs (gen_task_files), run by lib.sh in
# the fresh copy of this target: the task files test_copious_include_tasks.yml includes
for i in $(printf "%03d " {1..39}); do
  printf -- '- name: Hello Message\n  debug:\n    msg: Task file %s\n' "$i" > "tasks/hello/tasks-file-${i}.yml"
done
