/** Phrase banks: bug-report, performance. */
import type { PhraseBank } from './types.js';

export const bugPhrases: PhraseBank = {
  intents: [
    [
      "[Dragging cards|Drag and drop] [doesn't work|broken|not working] in {browser}",
      'When I [drag|move] a card to another column in the Kanban board it [jumps back|snaps back to where it was].',
    ],
    [
      '[Error|Getting error] {errorCode} [in|when opening] the {area}',
      'Opening the {area} [throws|shows] error {errorCode} and [a blank page|the page never loads].',
    ],
    [
      'Due dates [shift|off|wrong] by one day[| in the {area}]',
      "Due dates [are saved|show up] one day [earlier than|off from] what I [picked|entered]. I think it's a timezone thing.",
    ],
    [
      'Comments not saving[ in {project}| on {browser}|]',
      "[Comments|My comments] [don't save|disappear] after I [hit Enter|click Post]. They show for a second and then they're gone.",
    ],
    [
      '[Attachments|Files] fail to upload[ ({uploadError})|]',
      "Uploading attachments [over 5 MB|of any size] fails with '{uploadError}'.",
    ],
    [
      'Blank screen after [latest update|update to {version}|the update]',
      'After the latest update ({version}) the app [shows a white screen|goes blank] when I open a project.',
    ],
    [
      'Gantt [chart dependencies|dependencies|arrows] broken',
      "[Dependencies|The dependency arrows] in the Gantt view [don't update|stay in the wrong place] when I move a task.",
    ],
    [
      'Recurring tasks not [recurring|creating next instance]',
      "Recurring tasks [stopped creating|don't create] the next instance after I complete them.",
    ],
    [
      'Search returns nothing[ for existing tasks| in {workspace}|]',
      'Search returns [no results|nothing] even for tasks I can see [right there|on the board].',
    ],
    [
      'Custom field values [reset|disappear|revert to blank]',
      'Custom field values [revert|reset] to blank when someone else edits the task.',
    ],
    [
      'Time tracking shows negative hours[| in {project}]',
      'Time tracking shows negative hours for [some tasks|a task I logged {seatsDiff} minutes on].',
    ],
    [
      '@mentions not working in comments[| on {os}]',
      "@mentions in comments don't [autocomplete anymore|show the people list].",
    ],
    [
      'Subtasks duplicated after moving project[| {project}]',
      'Moving a project to another team duplicated [all the subtasks|every subtask]; we now have {seatsDiff} copies of each.',
    ],
    [
      'Filters reset every time[ in the {area}|]',
      'The filter I set on the board [resets|is lost] every time I come back to it.',
    ],
    [
      'Save button does nothing in task [modal|dialog]',
      'Clicking [Save|Done] in the task modal does nothing, no error, no change.',
    ],
    [
      'Task [descriptions|checklists] get cut off',
      'Task [descriptions|checklists] with more than a few lines get cut off and the rest [disappears|is lost].',
    ],
    [
      '[Tasks disappear|Tasks missing] when grouping in the {area}',
      'In the {area}, [sorting|grouping] by assignee [puts tasks in random order|hides some tasks].',
    ],
  ],
  contexts: [
    "I'm on {browser}, {os}.",
    'App version {version}.',
    'It happens in the {project} project (workspace {workspace}).',
    'Steps: open the {area}, [select a task|pick any item], then [drag it|edit it].',
    'This has been happening since {recentDay}.',
  ],
  details: [
    "It's reproducible every time.",
    'It only happens for some users, not all.',
    'I tried clearing cache and a different browser, same result.',
    'A screen recording is attached.',
    'Colleagues on {os} see the same thing.',
  ],
  asks: [
    'Is this a known issue?',
    'Is there a workaround for now?',
    'Can you let me know when a fix is out?',
  ],
};

export const performancePhrases: PhraseBank = {
  intents: [
    [
      '[App is very slow|App is extremely slow|Everything is slow][ today| right now| this week|]',
      'The app [has been|is] [really|painfully|extremely] slow since {recentDay}; boards take {duration} to load.',
    ],
    [
      'Timeline [view freezes|freezes|hangs] with [large projects|{count} tasks]',
      'The Timeline view freezes [for several seconds|completely] on projects with more than {count} tasks.',
    ],
    [
      '[Lag|Input lag] when typing in task descriptions',
      'Typing in a task description [lags|is delayed] [by a second or two|noticeably]; characters appear late.',
    ],
    [
      "Dashboard reports [timing out|time out|won't load]",
      'Reports on the dashboard [time out|spin forever] before [loading|showing any data].',
    ],
    [
      'Everything is slow for our team in {region}',
      'Our team in {region} [says|reports that] everything is [slow|sluggish], while colleagues elsewhere are fine.',
    ],
    [
      '[Browser tab|Acme tab] uses {memory} of memory',
      'The browser tab with Acme Cloud [uses|grows to] {memory} of memory and [eventually crashes|makes my laptop crawl].',
    ],
    [
      '[Slow search|Search is slow][ since {recentDay}|]',
      'Search [takes|now takes] {duration} to return results; it used to be instant.',
    ],
    [
      'High CPU [usage from|in] [desktop app|the desktop app {version}]',
      "The desktop app [uses|is pinned at] [80|90|100]% CPU even when I'm not doing anything.",
    ],
    [
      'Sync delays between users[| in {workspace}]',
      'Changes [take minutes|take a long time] to show up for other users[, so we end up editing the same task|, so people see stale data].',
    ],
    [
      'Mobile app [sluggish|very slow] on {os}',
      'The mobile app [takes forever|is very slow] to open a project [on {os}|over 4G|even on wifi].',
    ],
    [
      'Performance [degraded|much worse] since {recentDay}',
      'Since the last release, [everything|the whole app] feels [slower|much slower][ in general| across the board].',
    ],
    [
      '[Gantt|The {area}] unusable with {count} tasks',
      'The {area} [is unusable|takes ages to render] with our [largest|main] project.',
    ],
    [
      '[Is there an incident?|Incident?|Outage?] Very slow',
      '[Is there an incident|Are you having issues] right now? [Pages are timing out|Requests are taking {duration}] for us.',
    ],
    [
      '[Projects|Pages] take {duration} to [load|open]',
      '[Opening|Switching between] projects takes {duration}, and [the spinner|a blank screen] shows the whole time.',
    ],
    [
      '[Choppy|Laggy] scrolling on the board',
      '[Drag and drop|Scrolling] on the board is [choppy|janky] and [stutters|lags] badly.',
    ],
    [
      'Workload view takes {duration}',
      'Loading the Workload view [takes|now takes] {duration} and sometimes [never finishes|times out].',
    ],
  ],
  contexts: [
    "We're on {browser}, {os}, on a [fast|decent] office connection.",
    'Our largest project has around {count} tasks.',
    "We're based in {region}.",
  ],
  details: [
    'Other sites load fine on the same connection.',
    "The status page shows all green, but it's definitely not.",
    "It's worst in the mornings around 9am.",
  ],
  asks: [
    'Is there anything we can do on our side?',
    'Can you check if something is wrong with our workspace?',
    'Any ETA on a fix?',
  ],
};
