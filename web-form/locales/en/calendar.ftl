# The working-day calendar and the office kinds' deadline settings (administrators).
