"""The login dialog: login and password, a clear message when refused, the center's address shown.

``LoginDialog(check)`` calls ``check(login, password)``, which returns None when accepted or the
message to show (wrong password, unknown login and disabled account get the same words when the
center says so). Enter submits; Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.ui.tr import tr


class LoginDialog(QDialog):
    def __init__(self, check: Callable[[str, str], str | None], center: str = "", login: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(tr("12345 坐席工作台 · 登录"))
        self.check = check
        box = QVBoxLayout(self)
        title = QLabel(tr("12345 政务服务便民热线"), self)
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        box.addWidget(title)
        form = QFormLayout()
        self.login = QLineEdit(login, self)
        self.login.setObjectName("loginName")
        self.login.setAccessibleName(tr("账号"))
        self.password = QLineEdit(self)
        self.password.setObjectName("loginPassword")
        self.password.setAccessibleName(tr("密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("账号"), self.login)
        form.addRow(tr("密码"), self.password)
        box.addLayout(form)
        self.message = QLabel("", self)
        self.message.setObjectName("loginMessage")
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        box.addWidget(self.message)
        if center:
            box.addWidget(QLabel(tr("呼叫中心：{0}", center), self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        (self.password if login else self.login).setFocus()

    def _submit(self) -> None:
        login, password = self.login.text().strip(), self.password.text()
        if not login or not password:
            self.message.setText(tr("请输入账号和密码"))
            return
        problem = self.check(login, password)
        if problem:
            self.message.setText(problem)
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()
