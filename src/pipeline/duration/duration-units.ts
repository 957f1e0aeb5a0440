/**
 * GitLab parses durations with its vendored ChronicDuration 0.12.0
 * (gitlab-org/gitlab `lib/chronic_duration.rb`): these words name units, a month is 30 days
 * and a year 365.25 days. The words `and`, `with`, `plus` are ignored; any other word is an
 * error (GitLab sets `ChronicDuration.raise_exceptions = true`).
 */
export const durationUnitSeconds: Readonly<Record<string, number>> = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86_400,
  weeks: 604_800,
  months: 2_592_000,
  years: 31_557_600,
};

export const durationUnitWords: Readonly<Record<string, string>> = {
  seconds: "seconds",
  second: "seconds",
  secs: "seconds",
  sec: "seconds",
  s: "seconds",
  minutes: "minutes",
  minute: "minutes",
  mins: "minutes",
  min: "minutes",
  m: "minutes",
  hours: "hours",
  hour: "hours",
  hrs: "hours",
  hr: "hours",
  h: "hours",
  days: "days",
  day: "days",
  dy: "days",
  d: "days",
  weeks: "weeks",
  week: "weeks",
  wks: "weeks",
  wk: "weeks",
  w: "weeks",
  months: "months",
  month: "months",
  mos: "months",
  mo: "months",
  years: "years",
  year: "years",
  yrs: "years",
  yr: "years",
  y: "years",
};

export const durationJoinWords: readonly string[] = ["and", "with", "plus"];
