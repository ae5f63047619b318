# The console's figures (/console/dashboard). Every language has the same keys.

dashboard-title = Figures
dashboard-scope-office = The cases your office receives, handling or copied.
dashboard-scope-all = The cases of every office.
dashboard-total = Cases
dashboard-overdue = Overdue: past a deadline
dashboard-overdue-acknowledge = Not accepted or refused in time
dashboard-overdue-result = No result in time
dashboard-overdue-link = See the overdue cases
dashboard-median = Median time to accept or refuse
dashboard-median-days = { $days } days
dashboard-median-none = No case acknowledged yet
dashboard-show-data = The figures as a table
dashboard-no-data = No cases
dashboard-col-count = Cases
dashboard-col-status = Status
dashboard-col-category = Problem
dashboard-col-city = City
dashboard-col-week = Week from Monday
dashboard-status-caption = Cases by status
dashboard-category-caption = Cases by problem
dashboard-region-caption = The 10 cities with the most cases
dashboard-week-caption = New cases per week, last 12 weeks
