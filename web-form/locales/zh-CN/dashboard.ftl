# 工作台的统计（/console/dashboard）。每种语言的键都相同。

dashboard-title = 统计
dashboard-scope-office = 本机构收到的案件（承办或抄送）。
dashboard-scope-all = 所有机构的案件。
dashboard-total = 案件数
dashboard-overdue = 逾期：超过办理期限
dashboard-overdue-acknowledge = 未按时受理或不予受理
dashboard-overdue-result = 未按时办结
dashboard-overdue-link = 查看逾期案件
dashboard-median = 受理或不予受理用时（中位数）
dashboard-median-days = { $days } 天
dashboard-median-none = 尚无已受理或不予受理的案件
dashboard-show-data = 以表格查看数字
dashboard-no-data = 没有案件
dashboard-col-count = 案件数
dashboard-col-status = 状态
dashboard-col-category = 问题类型
dashboard-col-city = 城市
dashboard-col-week = 周（自周一起）
dashboard-status-caption = 各状态的案件数
dashboard-category-caption = 各类问题的案件数
dashboard-region-caption = 案件最多的 10 个城市
dashboard-week-caption = 最近 12 周每周新收案件
