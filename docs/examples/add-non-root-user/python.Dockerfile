FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY entrypoint.sh /usr/local/bin/
EXPOSE 8000
ENTRYPOINT ["entrypoint.sh"]
CMD ["python", "app.py"]
