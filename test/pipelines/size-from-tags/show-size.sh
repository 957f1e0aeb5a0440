#!/bin/bash
# Prints the sandbox's memory limit and CPU quota (cgroup v2, else v1).
if [ -f /sys/fs/cgroup/memory.max ]; then
  mem=$(cat /sys/fs/cgroup/memory.max)
  read -r quota period < /sys/fs/cgroup/cpu.max
else
  mem=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)
  quota=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)
  period=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
fi
echo "memory limit $((mem / 1024 / 1024)) MiB, cpu quota $((quota / period)) cpus"
